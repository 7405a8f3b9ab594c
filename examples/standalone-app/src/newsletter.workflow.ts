import { Injectable } from '@nestjs/common';
import { DependsOn, ParallelLoop, Step, Workflow, type LoopResult } from '@baton/orchestration';
import { Mailer } from './mailer';

export interface NewsletterInput {
  campaign: string;
  subscribers: string[];
}

export interface NewsletterEmail {
  to: string;
  subject: string;
}

export interface NewsletterReport {
  sent: number;
  /** Addresses the mailer refused, with its reason. */
  failed: { to: string; error: string }[];
}

/** Sends a campaign to its subscribers, three emails at a time; a refused address fails its own email only. */
@Workflow()
@Injectable()
export class NewsletterWorkflow {
  constructor(private readonly mailer: Mailer) {}

  /** Each address once, trimmed and lower-cased. */
  @Step()
  audience({ campaign, subscribers }: NewsletterInput): NewsletterEmail[] {
    const addresses = [...new Set(subscribers.map((address) => address.trim().toLowerCase()))];
    return addresses.map((to) => ({ to, subject: `${campaign}: this month's news` }));
  }

  @ParallelLoop({ over: 'audience', concurrency: 3, key: 'to', onItemError: 'continue', retry: { attempts: 1 } })
  send(email: NewsletterEmail): Promise<string> {
    return this.mailer.send(email.to, email.subject);
  }

  @Step()
  @DependsOn('send')
  report(loop: LoopResult<string>): NewsletterReport {
    return {
      sent: loop.succeeded,
      failed: loop.items.filter((item) => item.status === 'failed').map((item) => ({ to: item.key, error: item.error ?? '' })),
    };
  }
}
