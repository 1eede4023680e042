/** Largest target accepted: ¥1亿 (a typo guard: a city's largest unit targets are in the millions). */
export const MAX_TARGET_FEN = 10_000_000_000;
export const MAX_TARGET_LABEL = '1 亿元';
