import { Module } from '@nestjs/common';
import { Mailer } from './mailer';
import { NewsletterWorkflow } from './newsletter.workflow';

/** The newsletter feature: its workflow and the mailer it sends with. */
@Module({ providers: [NewsletterWorkflow, Mailer], exports: [Mailer] })
export class NewsletterModule {}
