import { decodeForm, FormDecodingError, splitKey } from './form-decoding';

describe('decodeForm', () => {
  it('decodes flat pairs with percent and plus encoding', () => {
    expect(decodeForm('amount=1000&currency=usd&description=caf%C3%A9+au+lait')).toEqual({
      amount: '1000',
      currency: 'usd',
      description: 'café au lait',
    });
  });

  it('nests bracketed keys as the SDK sends them', () => {
    expect(decodeForm('metadata[payout_id]=p1&capabilities[transfers][requested]=true')).toEqual({
      metadata: { payout_id: 'p1' },
      capabilities: { transfers: { requested: 'true' } },
    });
  });

  it('turns indexed keys and empty brackets into arrays', () => {
    expect(decodeForm('expand[0]=data.source&expand[1]=destination')).toEqual({ expand: ['data.source', 'destination'] });
    expect(decodeForm('types[]=a&types[]=b')).toEqual({ types: ['a', 'b'] });
    expect(decodeForm('items[0][price]=p&items[1][price]=q')).toEqual({ items: [{ price: 'p' }, { price: 'q' }] });
  });

  it('keeps numeric metadata keys as an object', () => {
    expect(decodeForm('metadata[0]=zero&metadata[1]=one')).toEqual({ metadata: { '0': 'zero', '1': 'one' } });
  });

  it('keeps an empty value (Stripe uses it to unset a field)', () => {
    expect(decodeForm('metadata[old]=&email=a%40b.c')).toEqual({ metadata: { old: '' }, email: 'a@b.c' });
  });

  it('decodes the created range of a list query', () => {
    expect(decodeForm('created[gte]=1700000000&created[lte]=1700003600&limit=100')).toEqual({
      created: { gte: '1700000000', lte: '1700003600' },
      limit: '100',
    });
  });

  it('returns an empty object for an empty body', () => {
    expect(decodeForm('')).toEqual({});
  });

  it('refuses prototype keys, broken brackets and conflicting shapes', () => {
    expect(() => decodeForm('__proto__[x]=1')).toThrow(FormDecodingError);
    expect(() => decodeForm('a[b=1')).toThrow(FormDecodingError);
    expect(() => decodeForm('a=1&a[b]=2')).toThrow(FormDecodingError);
    expect(() => decodeForm('a[b]=2&a=1')).toThrow(FormDecodingError);
    expect(() => decodeForm('a=%E0%A4%A')).toThrow(FormDecodingError);
  });
});

describe('splitKey', () => {
  it('splits nested keys', () => {
    expect(splitKey('a[b][c]')).toEqual(['a', 'b', 'c']);
    expect(splitKey('plain')).toEqual(['plain']);
    expect(splitKey('a[]')).toEqual(['a', '']);
  });
});
