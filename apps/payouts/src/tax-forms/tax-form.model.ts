import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { taxFormKinds, taxFormStatuses } from './tax-rules';
import { MinorUnits } from '@streetteam/platform';

@ObjectType({ description: 'A tax form on file: a status and a reference to the stored document. The tax id is never kept here.' })
export class TaxForm {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  ambassadorId!: string;

  @Field({ description: 'W9, W8BEN or W8BENE.' })
  kind!: string;

  @Field({ description: 'RECEIVED, VERIFIED or REJECTED.' })
  status!: string;

  @Field()
  documentRef!: string;

  @Field()
  recordedAt!: Date;
}

@InputType()
export class RecordTaxFormInput {
  @Field(() => ID)
  @IsUUID()
  ambassadorId!: string;

  @Field({ description: 'W9, W8BEN or W8BENE.' })
  @IsIn([...taxFormKinds])
  kind!: string;

  @Field({ description: 'RECEIVED (what an ambassador submits), VERIFIED or REJECTED (finance only).', defaultValue: 'RECEIVED' })
  @IsIn([...taxFormStatuses])
  status!: string;

  @Field({ description: 'Where the signed form is stored (document store key); never the tax id.' })
  @IsString()
  @Length(3, 200)
  documentRef!: string;
}

@ObjectType({ description: 'A US ambassador paid at least the 1099-NEC threshold in the year.' })
export class Form1099Line {
  @Field(() => ID)
  ambassadorId!: string;

  @Field()
  country!: string;

  @Field(() => MinorUnits, { description: 'USD cents paid in the year, net of transfer reversals.' })
  paidMinor!: number;

  @Field(() => String, { nullable: true })
  formKind!: string | null;

  @Field(() => String, { nullable: true })
  formStatus!: string | null;

  @Field(() => String, { nullable: true })
  documentRef!: string | null;

  @Field()
  w9OnFile!: boolean;
}

@ObjectType({ description: 'Who needs a 1099-NEC for a year.' })
export class TaxYearEndReport {
  @Field(() => Int)
  year!: number;

  @Field(() => MinorUnits, { description: 'The threshold in USD cents for the year.' })
  thresholdMinor!: number;

  @Field(() => [Form1099Line])
  lines!: Form1099Line[];

  @Field({ description: 'The same lines as CSV.' })
  csv!: string;
}
