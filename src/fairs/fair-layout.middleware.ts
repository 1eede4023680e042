import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { addLocalsAtRender } from '../common/response-patches';
import { FairsService } from './fairs.service';

/** The current fair's name, date and status in the layout of every rendered page (read when a page renders). */
@Injectable()
export class FairLayoutMiddleware implements NestMiddleware {
  constructor(private readonly fairs: FairsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    // req.path is relative to the middleware's mount point here; the full path is in originalUrl.
    if (!req.originalUrl.startsWith('/api/')) {
      addLocalsAtRender(req, res, async () => {
        const current = await this.fairs.forLayout();
        return { fair: { name: current.name, date: current.date, status: current.status } };
      });
    }
    next();
  }
}
