import { ITEM_STATUSES, type ItemStatus } from '@baton/orchestration/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from './api.client';
import { formatDuration } from './format';
import { fromApiStatus } from './status.colours';

interface ItemRow {
  step: string;
  index: number;
  key: string | null;
  status: string;
  attempts: number;
  durationMs: number;
  error: string | null;
  preview: string;
}

type ItemsPage = { execution: { items: { nodes: ItemRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null };

const ITEMS_QUERY = `query ItemsTable($id: ID!, $status: ItemStatus, $search: String, $first: Int, $after: String) {
  execution(id: $id) {
    items(status: $status, search: $search, first: $first, after: $after) {
      nodes { step index key status attempts durationMs error preview }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const PAGE_SIZE = 100;
/** The API's default complexity limit (5,000) allows about 400 items of these fields per request. */
const CSV_PAGE_SIZE = 300;
const ROW_HEIGHT = 24;
const VIEW_HEIGHT = 360;
/** Rows drawn above and below the visible ones, so a fast scroll shows no blank. */
const OVERSCAN = 10;
const CSV_COLUMNS = ['step', 'index', 'key', 'status', 'attempts', 'durationMs', 'error', 'preview'] as const;

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The finished items, filtered by status and search on the server, fetched a page at a time as the list scrolls;
 * only the visible rows are in the DOM. The CSV holds every row of the filtered set.
 */
export function ItemsView(props: { api: Api; id: string; completed: number; onSelect: (nodeId: string) => void }) {
  const { api, id, completed, onSelect } = props;
  const [status, setStatus] = useState<ItemStatus | ''>('');
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<ItemRow[]>([]);
  const [next, setNext] = useState<string | null | undefined>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [problem, setProblem] = useState<string>();
  const loading = useRef(false);
  const latest = useRef(0);

  const variables = useCallback(
    (after: string | null, first = PAGE_SIZE) => ({
      id,
      status: status ? status.toUpperCase() : null,
      search: search || null,
      first,
      after,
    }),
    [id, status, search],
  );
  const load = useCallback(
    async (after: string | null, replace: boolean) => {
      loading.current = true;
      // A filter change or a re-read may overtake a request in flight: only the latest answer counts.
      const request = ++latest.current;
      try {
        const page = await api.request<ItemsPage>(ITEMS_QUERY, variables(after));
        if (request !== latest.current) return;
        const items = page.execution?.items;
        setRows((previous) => [...(replace ? [] : previous), ...(items?.nodes ?? [])]);
        setNext(items?.pageInfo.hasNextPage ? items.pageInfo.endCursor : undefined);
      } finally {
        loading.current = false;
      }
    },
    [api, variables],
  );
  // New items finish while the execution runs: re-read the first page, unless the reader scrolled past it.
  const deep = rows.length > PAGE_SIZE;
  useEffect(() => {
    if (!deep) load(null, true).catch((error: Error) => setProblem(error.message));
  }, [completed, deep, load]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    if (next && !loading.current && last >= rows.length - OVERSCAN) load(next, false).catch((error: Error) => setProblem(error.message));
  }, [last, rows.length, next, load]);

  const download = async () => {
    const all: ItemRow[] = [];
    for (let after: string | null = null; ;) {
      const page: ItemsPage = await api.request<ItemsPage>(ITEMS_QUERY, variables(after, CSV_PAGE_SIZE));
      all.push(...(page.execution?.items.nodes ?? []));
      if (!page.execution?.items.pageInfo.hasNextPage) break;
      after = page.execution.items.pageInfo.endCursor;
    }
    const lines = [CSV_COLUMNS.join(','), ...all.map((row) => CSV_COLUMNS.map((column) => csvField(row[column])).join(','))];
    const url = URL.createObjectURL(new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${id}-items.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="items">
      <div className="filters">
        <label>
          Status{' '}
          <select name="item-status" value={status} onChange={(event) => setStatus(event.target.value as ItemStatus | '')}>
            <option value="">all</option>
            {ITEM_STATUSES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Search <input name="item-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <span data-figure="items-loaded">
          {rows.length}
          {next ? '+' : ''} items
        </span>
        <button onClick={() => download().catch((error: Error) => setProblem(error.message))}>Download CSV</button>
        {problem && <span className="error">{problem}</span>}
      </div>
      <div className="items-scroll" style={{ height: VIEW_HEIGHT }} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
        <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
          {rows.slice(first, last).map((row, offset) => (
            <div
              key={`${row.step}/${row.index}`}
              className="item-row"
              data-key={row.key ?? row.index}
              style={{ top: (first + offset) * ROW_HEIGHT, height: ROW_HEIGHT }}
              onClick={() => onSelect(`${row.step}/${row.key ?? row.index}`)}
            >
              <span>{row.index}</span>
              <span>{row.key ?? ''}</span>
              <span>{fromApiStatus(row.status)}</span>
              <span>{row.attempts}</span>
              <span>{formatDuration(row.durationMs)}</span>
              <span className="preview">{row.error ?? row.preview}</span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
