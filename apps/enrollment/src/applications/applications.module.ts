import { Module } from '@nestjs/common';
import { AmbassadorsModule } from '../ambassadors/ambassadors.module';
import { ApplicationResolver } from './application.resolver';
import { ApplicationService } from './application.service';

@Module({ imports: [AmbassadorsModule], providers: [ApplicationResolver, ApplicationService] })
export class ApplicationsModule {}
