import { answerDueAt, canMoveIdea, checkIdeaText, isOverdue, nextIdeaSteps } from './idea-rules';

describe('idea rules', () => {
  it('moves an idea forward one step at a time, to shipped', () => {
    expect(canMoveIdea('RECEIVED', 'UNDER_REVIEW')).toBe(true);
    expect(canMoveIdea('UNDER_REVIEW', 'PLANNED')).toBe(true);
    expect(canMoveIdea('PLANNED', 'SHIPPED')).toBe(true);
  });

  it('declines from any open step but never reopens a closed idea', () => {
    for (const open of ['RECEIVED', 'UNDER_REVIEW', 'PLANNED'] as const) expect(canMoveIdea(open, 'DECLINED')).toBe(true);
    expect(nextIdeaSteps('SHIPPED')).toEqual([]);
    expect(nextIdeaSteps('DECLINED')).toEqual([]);
  });

  it('refuses skipping a step or going back', () => {
    expect(canMoveIdea('RECEIVED', 'SHIPPED')).toBe(false);
    expect(canMoveIdea('RECEIVED', 'PLANNED')).toBe(false);
    expect(canMoveIdea('PLANNED', 'UNDER_REVIEW')).toBe(false);
    expect(canMoveIdea('RECEIVED', 'RECEIVED')).toBe(false);
  });

  it('trims the text and names each blank or oversize field', () => {
    expect(checkIdeaText({ title: '  Pop-up in Leeds ', body: ' More stock ' })).toEqual({ title: 'Pop-up in Leeds', body: 'More stock', problems: [] });
    expect(checkIdeaText({ title: '   ', body: 'x'.repeat(5001) }).problems).toEqual([
      { field: 'title', problem: 'must not be blank' },
      { field: 'body', problem: 'must be at most 5000 characters' },
    ]);
  });

  it('calls an idea overdue only when unanswered past the promise', () => {
    const createdAt = new Date('2026-03-01T10:00:00Z');
    expect(answerDueAt(createdAt, 7)).toEqual(new Date('2026-03-08T10:00:00Z'));
    expect(isOverdue({ createdAt, firstAnsweredAt: null }, 7, new Date('2026-03-08T10:00:00Z'))).toBe(false);
    expect(isOverdue({ createdAt, firstAnsweredAt: null }, 7, new Date('2026-03-08T10:00:01Z'))).toBe(true);
    expect(isOverdue({ createdAt, firstAnsweredAt: new Date('2026-03-02T00:00:00Z') }, 7, new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });
});
