import { UseFilters } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { assertSelfOrRole, AuthError, AuthErrorCode, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { toTaxForm } from '../graphql-mapping';
import { form1099Threshold } from './tax-rules';
import { TaxFormExceptionFilter } from './tax-form.exception';
import { RecordTaxFormInput, TaxForm, TaxYearEndReport } from './tax-form.model';
import { TaxFormService } from './tax-form.service';

@Resolver(() => TaxForm)
@UseFilters(TaxFormExceptionFilter)
export class TaxFormResolver {
  constructor(private readonly forms: TaxFormService) {}

  @Mutation(() => TaxForm, { description: 'An ambassador submits their form (RECEIVED); finance records it VERIFIED or REJECTED.' })
  @Roles(Role.AMBASSADOR, Role.FINANCE, Role.ADMIN)
  async recordTaxForm(@Args('input') input: RecordTaxFormInput, @CurrentIdentity() identity: Identity): Promise<TaxForm> {
    assertSelfOrRole(identity, input.ambassadorId, Role.FINANCE, Role.ADMIN);
    const staff = identity.roles.includes(Role.FINANCE) || identity.roles.includes(Role.ADMIN);
    if (input.status !== 'RECEIVED' && !staff) throw new AuthError(AuthErrorCode.FORBIDDEN, 'status: only finance may verify or reject a tax form');
    return toTaxForm(await this.forms.record(input, identity.subject));
  }

  @Query(() => TaxYearEndReport, { description: 'Who needs a 1099-NEC for the year (US, paid at least the threshold), with CSV.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async taxYearEndReport(@Args('year', { type: () => Int }) year: number): Promise<TaxYearEndReport> {
    const lines = await this.forms.yearEnd(year);
    return {
      year,
      thresholdMinor: Number(form1099Threshold(year)),
      lines: lines.map((l) => ({ ...l, paidMinor: Number(l.paidMinor) })),
      csv: this.forms.yearEndCsv(year, lines),
    };
  }
}
