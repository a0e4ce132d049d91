// Shared pieces of the chart specs. Specs are plain data: colours come from the theme config that
// the chart host applies (`range.category`, the `reference` mark style), never from here.
import type { TopLevelSpec } from 'vega-lite';

export type { TopLevelSpec };

/** Number format for nats and ratios in axes and tooltips. */
export const NUM = '.4~f';

/** Mark style for reference lines (diagonal, ln n, H(Z)); coloured by the theme config. */
export const REFERENCE = 'reference';

/** A chart that fills its container's width. */
export const FIT_X = { width: 'container', autosize: { type: 'fit-x', contains: 'padding' } } as const;

/** A finite number, or null. */
export const finite = (x: number | null | undefined): x is number => x != null && Number.isFinite(x);
