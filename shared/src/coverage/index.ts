export { countedOutputs, coverageOf, scenarioCoverage, type Coverage, type CoverageTally, type NodeCoverage, type OutputRef } from './coverage.ts';
export { generateCaseFor, generateMissingCases } from './generate.ts';
