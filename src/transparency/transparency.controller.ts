import { Controller, Get, Render } from '@nestjs/common';
import { TransparencyService } from './transparency.service';

/**
 * 公示, open to everyone without logging in. The page has no form (it links to the objection
 * form), so a visitor gets neither a session nor a CSRF cookie from it.
 */
@Controller('gongshi')
export class TransparencyController {
  constructor(private readonly transparency: TransparencyService) {}

  @Get()
  @Render('transparency/index')
  async index() {
    return { title: '公示', ...(await this.transparency.publicFigures()) };
  }
}
