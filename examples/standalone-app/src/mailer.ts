import { Injectable, Logger } from '@nestjs/common';

/** Sends one email; in this app it only logs, standing in for a mail provider's API client. */
@Injectable()
export class Mailer {
  private readonly logger = new Logger(Mailer.name);

  async send(to: string, subject: string): Promise<string> {
    this.logger.log(`to ${to}: ${subject}`);
    return `message-${to}`;
  }
}
