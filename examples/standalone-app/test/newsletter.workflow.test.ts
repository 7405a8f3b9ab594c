import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatonTest, expectExactWindow, type BatonTestingModule } from '@baton/testing';
import { Mailer } from '../src/mailer';
import { NewsletterModule } from '../src/newsletter.module';
import { NewsletterWorkflow, type NewsletterReport } from '../src/newsletter.workflow';

/** Records what would have been sent, and refuses one address the way a provider would. */
class FakeMailer {
  readonly sent: string[] = [];

  async send(to: string): Promise<string> {
    await sleep(20 + (to.length % 7) * 10);
    if (to.startsWith('bounce')) throw new Error(`mailbox ${to} does not exist`);
    this.sent.push(to);
    return `fake-${to}`;
  }
}

describe('NewsletterWorkflow', () => {
  const mailer = new FakeMailer();
  let baton: BatonTestingModule;

  beforeAll(async () => {
    baton = await BatonTest.createTestingModule({ imports: [NewsletterModule] })
      .overrideProvider(Mailer)
      .useValue(mailer)
      .compile();
  });

  afterAll(async () => {
    await baton?.close();
  });

  it('sends each subscriber one email, three at a time, and reports the refused address', async () => {
    const subscribers = [
      ...Array.from({ length: 11 }, (_, index) => `reader-${index}@example.com`),
      'bounce@example.com',
      ' Reader-0@Example.com',
    ];

    const handle = await baton.start<NewsletterReport>(NewsletterWorkflow, { campaign: 'April', subscribers });
    const report = await handle.result();

    expect(report).toEqual({ sent: 11, failed: [{ to: 'bounce@example.com', error: 'mailbox bounce@example.com does not exist' }] });
    expect(mailer.sent).toHaveLength(11);
    expect(new Set(mailer.sent).size).toBe(11);

    const progress = await baton.progress(handle);
    expect(progress.loops[0]).toMatchObject({ step: 'send', total: 12, succeeded: 11, failed: 1, running: 0, concurrency: 3 });

    // After every workflow task, exactly min(3, emails not yet finished) sends are open, never more.
    expectExactWindow(await baton.history(handle), { activity: 'NewsletterWorkflow.send', concurrency: 3 });
  });

  it('replays every history with the worker bundle', async () => {
    expect(await baton.assertReplays()).toBe(1);
  });
});
