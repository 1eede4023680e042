import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { FairsService } from './fairs.service';

/** The old settings page (bookmarks, links in old notices): now the current fair's edit page. */
@ApiExcludeController()
@Controller('admin/settings')
@Roles('organiser')
export class FairSettingsController {
  constructor(private readonly fairs: FairsService) {}

  @Get()
  @Redirect('/admin/fairs', 303)
  async redirect(): Promise<{ url: string }> {
    return { url: `/admin/fairs/${(await this.fairs.current()).id}/edit` };
  }
}
