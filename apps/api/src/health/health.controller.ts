import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import type { HealthReport } from './health-report';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The report with HTTP 200 when every check passed, the same report with HTTP 503 when one failed. */
  @Get()
  @Header('Cache-Control', 'no-store')
  async report(): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') {
      throw new ServiceUnavailableException(report);
    }
    return report;
  }
}
