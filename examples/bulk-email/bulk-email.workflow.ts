import { Injectable } from '@nestjs/common';
import { DependsOn, ParallelLoop, Step, ValidateInput, Workflow, type LoopContext, type LoopResult } from '@baton/orchestration';
import { assertNoProblems, integerField, objectInputProblems, textField } from '../input-problems';
import { loopTiming, type LoopTiming } from '../loop-timing';
import { MailBackend, type MailReceipt } from './mail.backend';
import { CONTACT_LIST_SIZE, RecipientDirectory, type Recipient } from './recipient.directory';

export interface BulkEmailInput {
  campaign: string;
  /** How many recipients of the contact list get the campaign, from its start. */
  recipients: number;
}

/** Longest campaign name: it goes into every subject line. */
export const MAX_CAMPAIGN_LENGTH = 100;

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

  @ValidateInput()
  validateInput(input: unknown): string[] {
    return bulkEmailInputProblems(input);
  }

  @Step()
  loadRecipients(input: BulkEmailInput): CampaignEmail[] {
    assertNoProblems('BulkEmailWorkflow', bulkEmailInputProblems(input));
    return this.directory.recipients(input.recipients).map((recipient) => ({ ...recipient, campaign: input.campaign }));
  }

  /** The workflow id names the batch at the provider: a retried send is recognised, and campaigns never mix. */
  @ParallelLoop({ over: 'loadRecipients', concurrency: 1, onItemError: 'continue', key: 'email' })
  sendEmail({ campaign, email, name }: CampaignEmail, { workflowId }: LoopContext): Promise<MailReceipt> {
    return this.mail.send({ batchId: workflowId, to: email, subject: `${campaign}: news for you`, body: `Hello ${name}, …` });
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

export function bulkEmailInputProblems(input: unknown): string[] {
  return objectInputProblems(input, {
    campaign: textField(MAX_CAMPAIGN_LENGTH),
    recipients: integerField(1, CONTACT_LIST_SIZE, `the contact list holds ${CONTACT_LIST_SIZE} customers`),
  });
}
