// What the twin takes from the plant's records for a calibrated run: each
// station's behaviour fitted from the machine data of a window, with its
// breakdowns as the maintenance module measured them where it has any.
import type { Database } from '../../core/db/store.js';
import { breakdownReasons, measuredFailureBehaviour } from '../maintenance/index.js';
import type { PlantFile } from '../plant/index.js';
import {
  behaviourFromCalibration,
  type MeasuredBehaviour,
  withRecordedBreakdowns,
} from './calibrated-assumptions.js';
import { calibrateStations } from './calibration.js';

export async function measuredBehaviour(
  db: Database,
  window: { from: Date; to: Date; plant: PlantFile },
): Promise<MeasuredBehaviour[]> {
  const fromMachineData = behaviourFromCalibration(await calibrateStations(db, window));
  const recorded = await measuredFailureBehaviour(db, window);
  return withRecordedBreakdowns(fromMachineData, recorded, breakdownReasons(window.plant));
}
