import { isHeldSuggestion, reasonForLabel, type HeldText, type Suggest } from '../../shared/domain/moderation';
import { clock } from './clock';
import { inCloudFunction, wxOpenApi } from './wx-cloud';

/** msgSecCheck v2 scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export type Scene = 1 | 2 | 3 | 4;

export interface TextCheck {
  suggest: Suggest;
  label: number | null;
}

export interface ContentChecker {
  readonly name: string;
  check(input: { openid: string; scene: Scene; content: string }): Promise<TextCheck>;
}

function toSuggest(value: unknown): Suggest {
  return value === 'pass' || value === 'review' || value === 'risky' ? value : 'review';
}

/** The cloud implementation: msgSecCheck v2, with `security.msgSecCheck` in the function's config.json. */
export const wechatChecker: ContentChecker = {
  name: 'wechat',
  async check({ openid, scene, content }) {
    const res = await wxOpenApi().security.msgSecCheck({ openid, scene, version: 2, content });
    if (res?.errCode) throw new Error(`msgSecCheck errCode ${res.errCode}: ${res.errMsg ?? ''}`);
    const label = res?.result?.label;
    return { suggest: toSuggest(res?.result?.suggest), label: label === undefined ? null : Number(label) };
  },
};

/**
 * LOCAL STAND-IN for msgSecCheck: a small word list, so the hold-and-release flow can be shown and
 * tested without WeChat. It is not a content filter and never runs in the cloud.
 */
const STAND_IN_WORDS: readonly { word: string; label: number; suggest: Suggest }[] = [
  { word: '赌博', label: 20006, suggest: 'risky' },
  { word: '六合彩', label: 20006, suggest: 'risky' },
  { word: '代开发票', label: 10001, suggest: 'risky' },
  { word: '加微信领红包', label: 10001, suggest: 'risky' },
  { word: '刷单', label: 20008, suggest: 'risky' },
  { word: '色情', label: 20002, suggest: 'risky' },
  { word: '傻逼', label: 20003, suggest: 'risky' },
  { word: '枪支', label: 20006, suggest: 'review' },
];

export const wordListChecker: ContentChecker = {
  name: 'local-word-list-stand-in',
  async check({ content }) {
    const hit = STAND_IN_WORDS.find((w) => content.includes(w.word));
    return hit ? { suggest: hit.suggest, label: hit.label } : { suggest: 'pass', label: 100 };
  },
};

let chosen: ContentChecker | null = null;

/** Tests may install their own checker; null restores the default. */
export function useContentChecker(checker: ContentChecker | null): void {
  chosen = checker;
}

export function currentChecker(): ContentChecker {
  return chosen ?? (inCloudFunction() ? wechatChecker : wordListChecker);
}

export interface CheckedTexts {
  /** The texts that must wait for a cadre, with the reason; empty when everything may be shown. */
  held: HeldText[];
}

/**
 * Checks every free text a person wrote for others to see, before anyone else sees it. A check that
 * cannot be made (WeChat busy) holds the text for a person to look at: never shown unchecked.
 */
export async function checkText(
  ctx: { openid: string | null; caller: { _id: string } | null },
  texts: Record<string, string | null | undefined>,
  scene: Scene = 3,
): Promise<CheckedTexts> {
  const checker = currentChecker();
  const authorId = ctx.caller?._id ?? '';
  const at = clock.nowIso();
  const held: HeldText[] = [];
  for (const [field, content] of Object.entries(texts)) {
    if (!content) continue;
    let result: TextCheck;
    try {
      result = await checker.check({ openid: ctx.openid ?? '', scene, content });
    } catch (err) {
      console.error(JSON.stringify({ level: 'warn', where: 'checkText', checker: checker.name, message: String((err as Error)?.message ?? err) }));
      held.push({ field, authorId, reason: '内容安全检查暂时不可用，已转人工复核', label: null, heldAt: at });
      continue;
    }
    if (isHeldSuggestion(result.suggest)) {
      held.push({ field, authorId, reason: reasonForLabel(result.label, result.suggest), label: result.label, heldAt: at });
    }
  }
  return { held };
}
