import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer recovery won back (CustomerRecovered), by claim; the email is kept only as its hash. */
@Entity({ name: 'recovered_customers' })
export class RecoveredCustomerEntity {
  @PrimaryColumn('uuid', { name: 'claim_id' })
  claimId!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('text', { name: 'customer_id' })
  customerId!: string;

  @Column('char', { name: 'customer_email_hash', length: 64 })
  customerEmailHash!: string;

  @Column('timestamptz', { name: 'recovered_at' })
  recoveredAt!: Date;
}
