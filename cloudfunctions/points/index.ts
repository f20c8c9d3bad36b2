import { pointsContract } from '../../shared/contracts/points';
import { defineFunction } from '../_lib/handler';
import { distributeDividends, exportDividends, getDividends } from './dividends';
import { adjustPoints, getSummary } from './ledger';
import { decideObjection, getDetail, getLedger, getMine, getRanking, listObjections, raiseObjection } from './publicity';
import { releaseAdjustment, releaseObjection } from './moderation';
import { enterScores, fillRemainingFull, finaliseMonth, getMonth, getSheet, publishMonth } from './rating';
import { importCsv, importTemplate, previewImport } from './import';
import { configure, getSettings } from './settings';

export const points = defineFunction(pointsContract, {
  settings: { run: getSettings },
  configure: { run: configure },
  month: { run: getMonth },
  sheet: { run: getSheet },
  enter: { run: enterScores },
  fillRemainingFull: { run: fillRemainingFull },
  previewImport: { run: previewImport },
  importTemplate: { run: importTemplate },
  importCsv: { run: importCsv },
  publish: { run: publishMonth },
  finalise: { run: finaliseMonth },
  mine: { run: getMine },
  detail: { run: getDetail },
  ledger: { run: getLedger },
  ranking: { run: getRanking },
  object: { run: raiseObjection },
  objections: { run: listObjections },
  decide: { run: decideObjection },
  releaseObjection: { run: releaseObjection },
  releaseAdjustment: { run: releaseAdjustment },
  adjust: { run: adjustPoints },
  summary: { run: getSummary },
  distribute: { run: distributeDividends },
  dividends: { run: getDividends },
  exportDividends: { run: exportDividends },
});

export const main = points.main;
