import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExampleDatabase } from '../example.database';
import { InvalidAddressError } from './invalid-address.error';

export interface MailMessage {
  /** The campaign run the message belongs to; with `to`, the provider's idempotency key. */
  batchId: string;
  to: string;
  subject: string;
  body: string;
}

export interface MailReceipt {
  messageId: string;
  to: string;
}

const SEND_LATENCY_MS = 3;

/**
 * A fake mail provider: checks the address as an SMTP server would, then accepts the message into its outbox in
 * PostgreSQL, where every worker process sees it. A message sent again for the same batch and address (a retry after
 * a lost answer) is not sent twice: the provider answers with the first message's id.
 */
@Injectable()
export class MailBackend {
  constructor(private readonly database: ExampleDatabase) {}

  async send(message: MailMessage): Promise<MailReceipt> {
    await sleep(SEND_LATENCY_MS);
    const problem = addressProblem(message.to);
    if (problem !== undefined) {
      throw new InvalidAddressError(message.to, problem);
    }
    // DO UPDATE rather than DO NOTHING, so that RETURNING also answers for a message the outbox already holds.
    const [{ id }] = await this.database.query<{ id: string }>(
      `INSERT INTO baton_examples.mail_outbox (batch_id, recipient, subject, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (batch_id, recipient) DO UPDATE SET batch_id = EXCLUDED.batch_id
       RETURNING id`,
      [message.batchId, message.to, message.subject, message.body],
    );
    return { messageId: `msg-${id.padStart(6, '0')}`, to: message.to };
  }

  /** The messages of a batch, in the order they were accepted. */
  outbox(batchId: string): Promise<MailMessage[]> {
    return this.database.query<MailMessage>(
      `SELECT batch_id AS "batchId", recipient AS "to", subject, body FROM baton_examples.mail_outbox WHERE batch_id = $1 ORDER BY id`,
      [batchId],
    );
  }
}

function addressProblem(address: string): string | undefined {
  if (/\s/.test(address)) {
    return 'it contains whitespace';
  }
  const [local, domain, ...rest] = address.split('@');
  if (domain === undefined) {
    return 'it has no "@"';
  }
  if (rest.length > 0) {
    return 'it has more than one "@"';
  }
  if (local === '') {
    return 'it has nothing before the "@"';
  }
  if (!/\.[^.]+$/.test(domain)) {
    return `its domain "${domain}" has no top-level domain such as ".com"`;
  }
  return undefined;
}
