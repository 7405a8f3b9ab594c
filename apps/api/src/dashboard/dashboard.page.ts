import type { WebPageFiles } from '../web/web.assets';
import { renderWebPage } from '../web/web.page';

/** The HTML shell of the dashboard (apps/api/dashboard): the script routes by the address on the client. */
export function renderDashboardPage(files: WebPageFiles): string {
  return renderWebPage({ title: 'Baton', rootId: 'dashboard', noscript: 'The Baton dashboard needs JavaScript.' }, files);
}
