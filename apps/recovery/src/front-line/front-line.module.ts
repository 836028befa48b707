import { Module } from '@nestjs/common';
import { FrontLineResolver } from './front-line.resolver';
import { FrontLineService } from './front-line.service';

@Module({ providers: [FrontLineService, FrontLineResolver] })
export class FrontLineModule {}
