import { Injectable } from '@nestjs/common';
import { DependsOn, ParallelLoop, Step, Workflow, type LoopResult } from '../../libs/orchestration/src';
import { loopTiming, type LoopTiming } from '../loop-timing';
import { MailBackend, type MailReceipt } from './mail.backend';
import { RecipientDirectory, type Recipient } from './recipient.directory';

export interface BulkEmailInput {
  campaign: string;
  /** How many recipients of the contact list get the campaign. */
  recipients: number;
}

export interface CampaignEmail extends Recipient {
  campaign: string;
}

export interface BulkEmailReport {
  total: number;
  sent: number;
  failed: number;
  /** Each address that could not be sent to, with the backend's reason. */
  failures: { email: string; error: string }[];
  timing: LoopTiming;
}

/**
 * Sends a campaign one email at a time (the mail provider's rate limit allows no more); an address the provider
 * rejects fails its own item only, and the report lists every such address with the reason.
 */
@Workflow()
@Injectable()
export class BulkEmailWorkflow {
  constructor(
    private readonly directory: RecipientDirectory,
    private readonly mail: MailBackend,
  ) {}

  @Step()
  loadRecipients({ campaign, recipients }: BulkEmailInput): CampaignEmail[] {
    return this.directory.recipients(recipients).map((recipient) => ({ ...recipient, campaign }));
  }

  @ParallelLoop({ over: 'loadRecipients', concurrency: 1, onItemError: 'continue', key: 'email' })
  sendEmail({ campaign, email, name }: CampaignEmail): Promise<MailReceipt> {
    return this.mail.send({ to: email, subject: `${campaign}: news for you`, body: `Hello ${name}, …` });
  }

  @Step()
  @DependsOn('sendEmail')
  summarize(loop: LoopResult<MailReceipt>): BulkEmailReport {
    return {
      total: loop.total,
      sent: loop.succeeded,
      failed: loop.failed,
      failures: loop.items.filter((item) => item.status === 'failed').map((item) => ({ email: item.key, error: item.error ?? '' })),
      timing: loopTiming(loop),
    };
  }
}
