// What an ambassador may call themself on leaderboards, and which name is shown.

export type NicknameCheck = { ok: true; nickname: string | null } | { ok: false; field: string; problem: string };

const allowed = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;

export function checkNickname(nickname: string | null, showNickname: boolean): NicknameCheck {
  const trimmed = nickname?.trim().replace(/\s+/g, ' ') ?? '';
  if (trimmed === '') {
    return showNickname ? { ok: false, field: 'nickname', problem: 'nickname: showNickname needs a nickname' } : { ok: true, nickname: null };
  }
  if (trimmed.length < 2 || trimmed.length > 30) return { ok: false, field: 'nickname', problem: 'nickname must be 2 to 30 characters' };
  if (!allowed.test(trimmed)) return { ok: false, field: 'nickname', problem: 'nickname may hold letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit' };
  return { ok: true, nickname: trimmed };
}

/** The name leaderboards show: the nickname when the ambassador chose to show it, else their display name. */
export function publicName(record: { displayName: string | null; nickname: string | null; showNickname: boolean }): string | null {
  return record.showNickname && record.nickname ? record.nickname : record.displayName;
}
