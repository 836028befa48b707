import { buildSchema, parse, specifiedRules, validate, getIntrospectionQuery } from 'graphql';
import { costLimitRule } from './cost-limit.rule';
import { depthLimitRule } from './depth-limit.rule';

const schema = buildSchema(`
  type Query {
    campaigns(first: Int, page: PageInput): [Campaign!]!
    campaign(id: ID!): Campaign
  }
  input PageInput { limit: Int, after: String }
  type Campaign {
    id: ID!
    name: String!
    missions(first: Int): [Mission!]!
    program: Program!
  }
  type Mission { id: ID!, title: String!, campaign: Campaign! }
  type Program { id: ID!, name: String!, campaigns(limit: Int): [Campaign!]! }
`);

function errorsOf(query: string, rules: Parameters<typeof validate>[2]) {
  return validate(schema, parse(query), rules).map((error) => ({ message: error.message, code: error.extensions.code }));
}

describe('depthLimitRule', () => {
  it('does accept an operation at the maximum depth', () => {
    expect(errorsOf('{ campaign(id: "1") { program { campaigns { id } } } }', [depthLimitRule(4)])).toEqual([]);
  });

  it('does reject an operation one level deeper than the maximum', () => {
    expect(errorsOf('{ campaign(id: "1") { program { campaigns { program { id } } } } }', [depthLimitRule(4)])).toEqual([
      { message: 'Query is 5 levels deep; the maximum is 4', code: 'QUERY_TOO_COMPLEX' },
    ]);
  });

  it('does count depth through named and inline fragments when they nest selections', () => {
    const query = `
      query Deep { campaign(id: "1") { ...WithProgram } }
      fragment WithProgram on Campaign { program { ... on Program { campaigns { ...Leaf } } } }
      fragment Leaf on Campaign { missions { id } }
    `;
    expect(errorsOf(query, [depthLimitRule(5)])).toEqual([]);
    expect(errorsOf(query, [depthLimitRule(4)])).toEqual([
      { message: 'Query is 5 levels deep; the maximum is 4', code: 'QUERY_TOO_COMPLEX' },
    ]);
  });

  it('does judge each operation of a document on its own when one is too deep', () => {
    const query = `
      query A { campaign(id: "1") { program { id } } }
      query B { campaigns { id } }
    `;
    expect(errorsOf(query, [depthLimitRule(2)])).toHaveLength(1);
  });

  it('does allow the standard introspection query when the limit is the default', () => {
    expect(errorsOf(getIntrospectionQuery(), [depthLimitRule()])).toEqual([]);
  });

  it('does stay quick on a fragment bomb when fragments spread each other many times', () => {
    const fragments = Array.from({ length: 40 }, (_, level) =>
      level === 39
        ? `fragment F${level} on Campaign { id }`
        : `fragment F${level} on Campaign { ...F${level + 1} program { campaigns { ...F${level + 1} } } }`,
    ).join('\n');
    const startedAt = Date.now();
    const errors = errorsOf(`{ campaign(id: "1") { ...F0 } } ${fragments}`, [depthLimitRule(10)]);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(errors[0]?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('costLimitRule', () => {
  it('does count one per selected field when no list sizes are given', () => {
    // campaign, id, name, program, id = 5
    const query = '{ campaign(id: "1") { id name program { id } } }';
    expect(errorsOf(query, [costLimitRule(5)])).toEqual([]);
    expect(errorsOf(query, [costLimitRule(4)])).toEqual([
      { message: 'Query cost exceeds the maximum of 4', code: 'QUERY_TOO_COMPLEX' },
    ]);
  });

  it('does multiply nested selections by first and limit when they are literals', () => {
    // campaigns(1) + 50 x (id + missions(1) + 20 x (id + title)) = 1 + 50 x 42 = 2101
    const query = '{ campaigns(first: 50) { id missions(first: 20) { id title } } }';
    expect(errorsOf(query, [costLimitRule(2101)])).toEqual([]);
    expect(errorsOf(query, [costLimitRule(2100)])).toHaveLength(1);
  });

  it('does read list sizes inside an input object when pagination is grouped', () => {
    // campaigns + 30 x (id + name) = 61
    const query = '{ campaigns(page: { limit: 30 }) { id name } }';
    expect(errorsOf(query, [costLimitRule(61)])).toEqual([]);
    expect(errorsOf(query, [costLimitRule(60)])).toHaveLength(1);
  });

  it('does use a variable default, or the assumed size when the variable has none', () => {
    const withDefault = 'query Q($n: Int = 5) { campaigns(first: $n) { id } }'; // 1 + 5
    const withoutDefault = 'query Q($n: Int) { campaigns(first: $n) { id } }'; // 1 + 10
    expect(errorsOf(withDefault, [costLimitRule(6)])).toEqual([]);
    expect(errorsOf(withoutDefault, [costLimitRule(10)])).toHaveLength(1);
    expect(errorsOf(withoutDefault, [costLimitRule(11)])).toEqual([]);
    expect(errorsOf(withoutDefault, [costLimitRule(6, { unknownListSize: 5 })])).toEqual([]);
  });

  it('does expand every spread of a fragment when it is used twice', () => {
    const query = `
      { a: campaign(id: "1") { ...Card } b: campaign(id: "2") { ...Card } }
      fragment Card on Campaign { id name }
    `; // 2 x (1 + 2) = 6
    expect(errorsOf(query, [costLimitRule(6)])).toEqual([]);
    expect(errorsOf(query, [costLimitRule(5)])).toHaveLength(1);
  });

  it('does stop counting quickly on a fragment bomb', () => {
    const fragments = Array.from({ length: 40 }, (_, level) =>
      level === 39 ? `fragment F${level} on Campaign { id }` : `fragment F${level} on Campaign { ...F${level + 1} ...F${level + 1} }`,
    ).join('\n');
    const startedAt = Date.now();
    const errors = errorsOf(`{ campaign(id: "1") { ...F0 } } ${fragments}`, [costLimitRule(1000)]);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(errors).toEqual([{ message: 'Query cost exceeds the maximum of 1000', code: 'QUERY_TOO_COMPLEX' }]);
  });

  it('does leave invalid documents to graphql rules when run beside them', () => {
    const errors = errorsOf('{ campaign(id: "1") { ...Missing } }', [...specifiedRules, costLimitRule(), depthLimitRule()]);
    expect(errors).toEqual([{ message: 'Unknown fragment "Missing".', code: undefined }]);
  });
});
