import { returning } from './returning';

const answering = (result: unknown) => ({ query: async () => result });

describe('returning', () => {
  it('gives the rows of an UPDATE or DELETE, which TypeORM answers as [rows, affected]', async () => {
    expect(await returning(answering([[{ id: 'a' }, { id: 'b' }], 2]), 'UPDATE …')).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await returning(answering([[], 0]), 'UPDATE …')).toEqual([]);
  });

  it('gives the rows of an INSERT or SELECT as they come', async () => {
    expect(await returning(answering([{ id: 'a' }]), 'INSERT …')).toEqual([{ id: 'a' }]);
    expect(await returning(answering([]), 'INSERT …')).toEqual([]);
  });
});
