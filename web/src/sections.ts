// The sections of the app, in navigation order. A section that is not built
// yet says so, and says what it will hold, instead of showing made-up data.
export interface Section {
  path: string;
  label: string;
  /** What the section will hold; set while it is not built yet. */
  comingWith?: string;
}

export const SECTIONS: readonly Section[] = [
  { path: '/plant', label: 'Plant' },
  {
    path: '/production',
    label: 'Production',
    comingWith: 'work orders, machine data and OEE arrive with the execution issue',
  },
  {
    path: '/lots',
    label: 'Lots',
    comingWith: 'lots, handling units, genealogy and recall arrive with the traceability issue',
  },
  {
    path: '/quality',
    label: 'Quality',
    comingWith:
      'sampling plans, inspections, range tests, SPC and dispositions arrive with the quality issue',
  },
  {
    path: '/storage',
    label: 'Storage',
    comingWith: 'the stock ledger, hazard mixing rules and shipments arrive with the storage issue',
  },
  {
    path: '/planning',
    label: 'Planning',
    comingWith: 'demand, material requirements and the scheduler arrive with the planning issue',
  },
  {
    path: '/twin',
    label: 'Twin',
    comingWith: 'the discrete-event model of the plant arrives with the digital twin issue',
  },
];
