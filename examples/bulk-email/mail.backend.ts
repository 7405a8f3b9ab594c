import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InFlightGauge } from '../in-flight.gauge';
import { InvalidAddressError } from './invalid-address.error';

export interface MailMessage {
  to: string;
  subject: string;
  body: string;
}

export interface MailReceipt {
  messageId: string;
  to: string;
}

const SEND_LATENCY_MS = 3;

/** A fake mail provider: checks the address as an SMTP server would, then accepts the message. */
@Injectable()
export class MailBackend {
  readonly sent: MailMessage[] = [];
  /** Sends in progress; the bulk email loop must never have more than one. */
  readonly sends = new InFlightGauge();

  send(message: MailMessage): Promise<MailReceipt> {
    return this.sends.track(async () => {
      await sleep(SEND_LATENCY_MS);
      const problem = addressProblem(message.to);
      if (problem !== undefined) {
        throw new InvalidAddressError(message.to, problem);
      }
      this.sent.push(message);
      return { messageId: `msg-${String(this.sent.length).padStart(5, '0')}`, to: message.to };
    });
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
