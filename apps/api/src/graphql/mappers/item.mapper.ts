import type { ExecutionItemEntity } from '@baton/orchestration/persistence';
import type { ItemStatusValue } from '../types/enums';
import type { Item } from '../types/item.type';

/** An item row as the schema shows it. */
export function toItem(row: ExecutionItemEntity): Item {
  return { ...row, index: row.itemIndex, status: row.status as ItemStatusValue, preview: row.itemPreview };
}
