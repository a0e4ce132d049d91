// Every metric against the numpy reference, for the reference and cpu engines (support/metricFixtureSuite.ts).
import { describe } from 'node:test';
import { blockedEngine } from '../../src/core/engines/blocked';
import { referenceEngine } from '../../src/core/engines/reference';
import { metricFixtureSuite } from './support/metricFixtureSuite';

describe('metrics against the numpy reference (reference engine)', () => {
  metricFixtureSuite(referenceEngine);
});

describe('metrics against the numpy reference (cpu engine)', () => {
  metricFixtureSuite(blockedEngine);
});
