import { z, type ZodErrorMap } from 'zod';

/**
 * zod's messages in Chinese, for every schema on both sides. A message a schema sets itself
 * (`.min(2, '至少 2 个字')`) still wins; this map words what zod would otherwise say in English
 * ("Required", "Expected string, received number"). It is set from `common.ts`, which every
 * contract imports, so the client parse and the server parse word a problem the same way.
 */
export const zhErrorMap: ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      // An enum left empty is a choice not made (a chip, a picker): 请选一项, not 请填写.
      if (issue.received === 'undefined' || issue.received === 'null') return { message: String(issue.expected).includes('|') ? '请选一项' : '请填写' };
      return { message: '填写的格式不对' };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return { message: Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${issue.minimum} 个字` };
      if (issue.type === 'array') return { message: Number(issue.minimum) <= 1 ? '请至少选一项' : `请至少选 ${issue.minimum} 项` };
      return { message: `不能小于 ${issue.minimum}` };
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return { message: `不能超过 ${issue.maximum} 个字` };
      if (issue.type === 'array') return { message: `最多选 ${issue.maximum} 项` };
      return { message: `不能大于 ${issue.maximum}` };
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_literal:
    case z.ZodIssueCode.invalid_union:
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: '请从给出的选项里选' };
    case z.ZodIssueCode.invalid_string:
      return { message: '填写的格式不对' };
    case z.ZodIssueCode.invalid_date:
      return { message: '日期不对' };
    case z.ZodIssueCode.not_multiple_of:
      return { message: '数字不对' };
    case z.ZodIssueCode.not_finite:
      return { message: '请填一个数字' };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: '有多余的内容' };
    default:
      return { message: ctx.defaultError === 'Required' ? '请填写' : '填写的内容有问题' };
  }
};

z.setErrorMap(zhErrorMap);
