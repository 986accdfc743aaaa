// The demo world: markets, lines of business, partner vendors and how well each performs.
// Plain data; the builders turn it into rows.
import type { Channel, Priority, Sensitivity, VendorKind } from '@bvg/db';

export interface RegionDef {
  code: string;
  name: string;
  requiresUsClearance: boolean;
  requiresGdprAgreement: boolean;
  defaultTimeZone: string;
  /** Share of the history's intake, in percent; 0 = a market with rules but no history yet. */
  intakeShare: number;
  languages: readonly (readonly [string, number])[];
}

export const REGIONS: readonly RegionDef[] = [
  {
    code: 'IN',
    name: 'India',
    requiresUsClearance: false,
    requiresGdprAgreement: false,
    defaultTimeZone: 'Asia/Kolkata',
    intakeShare: 30,
    languages: [
      ['en', 60],
      ['hi', 30],
      ['ta', 10],
    ],
  },
  {
    code: 'MY',
    name: 'Malaysia',
    requiresUsClearance: false,
    requiresGdprAgreement: false,
    defaultTimeZone: 'Asia/Kuala_Lumpur',
    intakeShare: 15,
    languages: [
      ['en', 50],
      ['ms', 35],
      ['zh', 15],
    ],
  },
  {
    code: 'SG',
    name: 'Singapore',
    requiresUsClearance: false,
    requiresGdprAgreement: false,
    defaultTimeZone: 'Asia/Singapore',
    intakeShare: 10,
    languages: [
      ['en', 80],
      ['zh', 15],
      ['ms', 5],
    ],
  },
  {
    code: 'US',
    name: 'United States',
    requiresUsClearance: true,
    requiresGdprAgreement: false,
    defaultTimeZone: 'America/Chicago',
    intakeShare: 25,
    languages: [
      ['en', 85],
      ['es', 15],
    ],
  },
  {
    code: 'EU',
    name: 'European Union',
    requiresUsClearance: false,
    requiresGdprAgreement: true,
    defaultTimeZone: 'Europe/Brussels',
    intakeShare: 20,
    languages: [
      ['en', 45],
      ['de', 20],
      ['fr', 15],
      ['pt', 10],
      ['es', 10],
    ],
  },
  {
    code: 'PH',
    name: 'Philippines',
    requiresUsClearance: false,
    requiresGdprAgreement: false,
    defaultTimeZone: 'Asia/Manila',
    intakeShare: 0,
    languages: [
      ['en', 70],
      ['tl', 30],
    ],
  },
  {
    code: 'BR',
    name: 'Brazil',
    requiresUsClearance: false,
    requiresGdprAgreement: false,
    defaultTimeZone: 'America/Sao_Paulo',
    intakeShare: 0,
    languages: [
      ['pt', 90],
      ['en', 10],
    ],
  },
];

export interface ScopeDef {
  code: string;
  name: string;
  sensitivity: Sensitivity;
  /** Share of intake, in percent. */
  intakeShare: number;
  priorities: readonly (readonly [Priority, number])[];
  channels: readonly (readonly [Channel, number])[];
  resolutionCodes: readonly string[];
  descriptions: readonly string[];
}

const USUAL_CHANNELS: ScopeDef['channels'] = [
  ['IN_APP', 50],
  ['WEBFORM', 25],
  ['EMAIL', 20],
  ['INTERNAL_FORM', 5],
];
const USUAL_PRIORITIES: ScopeDef['priorities'] = [
  ['P1', 5],
  ['P2', 20],
  ['P3', 50],
  ['P4', 25],
];

export const SCOPES: readonly ScopeDef[] = [
  {
    code: 'GENERAL',
    name: 'General support',
    sensitivity: 'STANDARD',
    intakeShare: 30,
    priorities: [
      ['P1', 2],
      ['P2', 15],
      ['P3', 53],
      ['P4', 30],
    ],
    channels: USUAL_CHANNELS,
    resolutionCodes: [
      'ANSWERED',
      'HOW_TO_PROVIDED',
      'FEATURE_EXPLAINED',
      'DUPLICATE',
      'NO_RESPONSE',
    ],
    descriptions: [
      'Cannot find where to change notification settings.',
      'Videos are not loading on the home feed since the last update.',
      'Asked how to download my data archive.',
      'Question about how the creator fund payouts are calculated.',
      'Live stream keeps stopping after a few minutes.',
    ],
  },
  {
    code: 'ACCOUNT_ACCESS',
    name: 'Account access',
    sensitivity: 'STANDARD',
    intakeShare: 28,
    priorities: USUAL_PRIORITIES,
    channels: USUAL_CHANNELS,
    resolutionCodes: [
      'ACCESS_RESTORED',
      'PASSWORD_RESET_SENT',
      'IDENTITY_NOT_VERIFIED',
      'NO_RESPONSE',
    ],
    descriptions: [
      'Locked out after changing phone number; verification code never arrives.',
      'Forgot password and the reset email goes to an old address.',
      'Account shows as banned but no notice was received.',
      'Two-step verification device lost.',
    ],
  },
  {
    code: 'ACCOUNT_SECURITY',
    name: 'Account security',
    sensitivity: 'SENSITIVE',
    intakeShare: 12,
    priorities: [
      ['P1', 12],
      ['P2', 33],
      ['P3', 40],
      ['P4', 15],
    ],
    channels: USUAL_CHANNELS,
    resolutionCodes: ['ACCOUNT_SECURED', 'SESSIONS_REVOKED', 'COMPROMISE_NOT_CONFIRMED'],
    descriptions: [
      'Someone logged in from another country and changed the email address.',
      'Unknown device sessions appeared; suspect account takeover.',
      'Received phishing messages pretending to be support.',
    ],
  },
  {
    code: 'AGE_SUPPORT',
    name: 'Age support',
    sensitivity: 'SENSITIVE',
    intakeShare: 8,
    priorities: USUAL_PRIORITIES,
    channels: USUAL_CHANNELS,
    resolutionCodes: ['AGE_VERIFIED', 'AGE_APPEAL_DENIED', 'DOCUMENTS_REQUESTED'],
    descriptions: [
      'Account restricted for being under age; user says the birthdate was entered wrongly.',
      'Parent asks how to set up family pairing for a teen account.',
      'Age verification selfie check failed twice.',
    ],
  },
  {
    code: 'MINOR_SAFETY',
    name: 'Minor safety',
    sensitivity: 'RESTRICTED',
    intakeShare: 2,
    priorities: [
      ['P1', 45],
      ['P2', 40],
      ['P3', 15],
    ],
    channels: [
      ['INTERNAL_FORM', 40],
      ['IN_APP', 40],
      ['WEBFORM', 20],
    ],
    resolutionCodes: [
      'CONTENT_REMOVED',
      'ACCOUNT_ACTIONED',
      'REFERRED_TO_AUTHORITIES',
      'NO_VIOLATION',
    ],
    descriptions: [
      'Report of an adult contacting a minor through direct messages.',
      'Video appears to show a minor in an unsafe situation.',
      'Minor sharing personal location details in live streams.',
    ],
  },
  {
    code: 'PLATFORM_INTEGRITY',
    name: 'Platform integrity',
    sensitivity: 'STANDARD',
    intakeShare: 10,
    priorities: USUAL_PRIORITIES,
    channels: USUAL_CHANNELS,
    resolutionCodes: ['SPAM_REMOVED', 'IMPERSONATION_ACTIONED', 'NO_VIOLATION'],
    descriptions: [
      'Account impersonating a well-known creator.',
      'Comment section flooded with scam links.',
      'Fake giveaway asking followers for payment details.',
    ],
  },
  {
    code: 'APPEALS',
    name: 'Appeals',
    sensitivity: 'STANDARD',
    intakeShare: 10,
    priorities: [
      ['P2', 10],
      ['P3', 55],
      ['P4', 35],
    ],
    channels: [
      ['APPEAL', 85],
      ['WEBFORM', 10],
      ['EMAIL', 5],
    ],
    resolutionCodes: ['APPEAL_UPHELD', 'APPEAL_DENIED', 'PARTIALLY_UPHELD'],
    descriptions: [
      'Appeal against removal of a cooking video flagged as dangerous acts.',
      'Appeal of a livestream ban; user says the content was satire.',
      'Appeal against a community guidelines strike on a music video.',
    ],
  },
];

/** How a vendor tends to perform: the dials that make scorecards differ. */
export interface VendorQuality {
  firstResponseMet: number;
  resolutionMet: number;
  firstContactResolution: number;
  rejectRate: number;
  escalationRate: number;
  reopenRate: number;
  pendingRate: number;
  /** Minutes between offer and acceptance. */
  acceptMinutes: readonly [number, number];
  /** Relative weights of CSAT answers 1..5. */
  csat: readonly [number, number, number, number, number];
  /** Centre of QA scores. */
  qaCentre: number;
}

export interface SiteDef {
  name: string;
  countryCode: string;
  city: string;
  timeZone: string;
  headcount: number;
}

export interface VendorDef {
  slug: string;
  name: string;
  kind: VendorKind;
  /** Upper-case code used in contract references. */
  code: string;
  usDataCleared: boolean;
  gdprAgreement: boolean;
  timeZone: string;
  businessHours: { days: number[]; openMinute: number; closeMinute: number };
  /** Month-day (MM-DD) holidays, applied to every year of the history. */
  holidays: readonly string[];
  sites: readonly SiteDef[];
  languages: readonly string[];
  regions: readonly string[];
  scopes: readonly string[];
  quality: VendorQuality;
}

const STANDARD_SCOPES = ['GENERAL', 'ACCOUNT_ACCESS', 'PLATFORM_INTEGRITY', 'APPEALS'];
const ALL_BUT_RESTRICTED = [...STANDARD_SCOPES, 'ACCOUNT_SECURITY', 'AGE_SUPPORT'];

export const VENDORS: readonly VendorDef[] = [
  {
    slug: 'lotus-cx',
    name: 'Lotus CX Services',
    kind: 'BPO',
    code: 'LOTUS',
    usDataCleared: false,
    gdprAgreement: false,
    timeZone: 'Asia/Kolkata',
    businessHours: { days: [1, 2, 3, 4, 5, 6], openMinute: 8 * 60, closeMinute: 22 * 60 },
    holidays: ['08-15', '10-02', '10-20'],
    sites: [
      {
        name: 'Lotus Bengaluru',
        countryCode: 'IN',
        city: 'Bengaluru',
        timeZone: 'Asia/Kolkata',
        headcount: 420,
      },
      {
        name: 'Lotus Hyderabad',
        countryCode: 'IN',
        city: 'Hyderabad',
        timeZone: 'Asia/Kolkata',
        headcount: 260,
      },
    ],
    languages: ['en', 'hi', 'ta'],
    regions: ['IN'],
    scopes: ALL_BUT_RESTRICTED,
    quality: {
      firstResponseMet: 0.96,
      resolutionMet: 0.93,
      firstContactResolution: 0.76,
      rejectRate: 0.02,
      escalationRate: 0.035,
      reopenRate: 0.025,
      pendingRate: 0.18,
      acceptMinutes: [1, 10],
      csat: [3, 4, 10, 33, 50],
      qaCentre: 89,
    },
  },
  {
    slug: 'straits-support',
    name: 'Straits Support Sdn Bhd',
    kind: 'BPO',
    code: 'STRAITS',
    usDataCleared: false,
    gdprAgreement: false,
    timeZone: 'Asia/Kuala_Lumpur',
    businessHours: { days: [1, 2, 3, 4, 5, 6], openMinute: 8 * 60, closeMinute: 21 * 60 },
    holidays: ['08-31', '09-16'],
    sites: [
      {
        name: 'Straits Kuala Lumpur',
        countryCode: 'MY',
        city: 'Kuala Lumpur',
        timeZone: 'Asia/Kuala_Lumpur',
        headcount: 310,
      },
      {
        name: 'Straits Penang',
        countryCode: 'MY',
        city: 'Penang',
        timeZone: 'Asia/Kuala_Lumpur',
        headcount: 140,
      },
    ],
    languages: ['en', 'ms', 'zh'],
    regions: ['MY', 'SG'],
    scopes: ALL_BUT_RESTRICTED,
    quality: {
      firstResponseMet: 0.95,
      resolutionMet: 0.92,
      firstContactResolution: 0.73,
      rejectRate: 0.025,
      escalationRate: 0.04,
      reopenRate: 0.03,
      pendingRate: 0.2,
      acceptMinutes: [1, 12],
      csat: [3, 5, 12, 35, 45],
      qaCentre: 87,
    },
  },
  {
    slug: 'harbor-secure',
    name: 'Harbor Secure Support',
    kind: 'BPO',
    code: 'HARBOR',
    usDataCleared: true,
    gdprAgreement: false,
    timeZone: 'America/Chicago',
    businessHours: { days: [1, 2, 3, 4, 5, 6, 7], openMinute: 7 * 60, closeMinute: 23 * 60 },
    holidays: ['07-04', '09-07'],
    sites: [
      {
        name: 'Harbor Austin',
        countryCode: 'US',
        city: 'Austin',
        timeZone: 'America/Chicago',
        headcount: 180,
      },
    ],
    languages: ['en', 'es'],
    regions: ['US'],
    scopes: ALL_BUT_RESTRICTED,
    quality: {
      firstResponseMet: 0.97,
      resolutionMet: 0.94,
      firstContactResolution: 0.78,
      rejectRate: 0.015,
      escalationRate: 0.03,
      reopenRate: 0.02,
      pendingRate: 0.17,
      acceptMinutes: [1, 8],
      csat: [2, 3, 9, 32, 54],
      qaCentre: 91,
    },
  },
  {
    slug: 'nordlicht-services',
    name: 'Nordlicht Services',
    kind: 'BPO',
    code: 'NORDLICHT',
    usDataCleared: false,
    gdprAgreement: true,
    timeZone: 'Europe/Lisbon',
    businessHours: { days: [1, 2, 3, 4, 5], openMinute: 8 * 60, closeMinute: 20 * 60 },
    holidays: ['08-15', '10-05'],
    sites: [
      {
        name: 'Nordlicht Lisbon',
        countryCode: 'PT',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        headcount: 220,
      },
      {
        name: 'Nordlicht Dublin',
        countryCode: 'IE',
        city: 'Dublin',
        timeZone: 'Europe/Dublin',
        headcount: 120,
      },
    ],
    languages: ['en', 'de', 'fr', 'pt', 'es'],
    regions: ['EU', 'BR'],
    scopes: ALL_BUT_RESTRICTED,
    quality: {
      firstResponseMet: 0.94,
      resolutionMet: 0.92,
      firstContactResolution: 0.74,
      rejectRate: 0.02,
      escalationRate: 0.04,
      reopenRate: 0.03,
      pendingRate: 0.22,
      acceptMinutes: [2, 15],
      csat: [3, 5, 12, 36, 44],
      qaCentre: 88,
    },
  },
  {
    slug: 'pacific-bridge',
    name: 'Pacific Bridge Outsourcing',
    kind: 'BPO',
    code: 'PACIFIC',
    usDataCleared: false,
    gdprAgreement: false,
    timeZone: 'Asia/Manila',
    businessHours: { days: [1, 2, 3, 4, 5, 6, 7], openMinute: 0, closeMinute: 24 * 60 },
    holidays: ['08-21', '08-31'],
    sites: [
      {
        name: 'Pacific Bridge Manila',
        countryCode: 'PH',
        city: 'Manila',
        timeZone: 'Asia/Manila',
        headcount: 350,
      },
    ],
    languages: ['en', 'tl'],
    regions: ['PH', 'SG', 'MY', 'IN'],
    scopes: STANDARD_SCOPES,
    // The weaker partner: slower, more misses, more rework — the scorecards should show it.
    quality: {
      firstResponseMet: 0.8,
      resolutionMet: 0.78,
      firstContactResolution: 0.6,
      rejectRate: 0.07,
      escalationRate: 0.06,
      reopenRate: 0.065,
      pendingRate: 0.25,
      acceptMinutes: [3, 30],
      csat: [9, 10, 18, 33, 30],
      qaCentre: 79,
    },
  },
  {
    slug: 'trust-safety-t2',
    name: 'Trust & Safety Tier 2',
    kind: 'IN_HOUSE',
    code: 'T2',
    usDataCleared: true,
    gdprAgreement: true,
    timeZone: 'Asia/Singapore',
    businessHours: { days: [1, 2, 3, 4, 5, 6, 7], openMinute: 0, closeMinute: 24 * 60 },
    holidays: [],
    sites: [
      {
        name: 'T&S Singapore',
        countryCode: 'SG',
        city: 'Singapore',
        timeZone: 'Asia/Singapore',
        headcount: 60,
      },
      {
        name: 'T&S Dublin',
        countryCode: 'IE',
        city: 'Dublin',
        timeZone: 'Europe/Dublin',
        headcount: 40,
      },
      {
        name: 'T&S Los Angeles',
        countryCode: 'US',
        city: 'Los Angeles',
        timeZone: 'America/Los_Angeles',
        headcount: 45,
      },
    ],
    languages: ['en', 'hi', 'ta', 'ms', 'zh', 'es', 'de', 'fr', 'pt', 'tl'],
    regions: ['IN', 'MY', 'SG', 'US', 'EU', 'PH', 'BR'],
    scopes: [...ALL_BUT_RESTRICTED, 'MINOR_SAFETY'],
    quality: {
      firstResponseMet: 0.98,
      resolutionMet: 0.95,
      firstContactResolution: 0.8,
      rejectRate: 0,
      escalationRate: 0,
      reopenRate: 0.015,
      pendingRate: 0.15,
      acceptMinutes: [1, 6],
      csat: [2, 3, 8, 30, 57],
      qaCentre: 93,
    },
  },
];

export const IN_HOUSE_SLUG = 'trust-safety-t2';

/** Local-time intake curve (relative weights per hour 0–23): quiet nights, busy evenings. */
export const HOURLY_INTAKE: readonly number[] = [
  1, 0.8, 0.6, 0.5, 0.5, 0.7, 1.2, 2, 3, 4, 4.5, 4.8, 5, 5, 4.8, 4.6, 4.6, 4.8, 5.2, 5.5, 5.4, 4.8,
  3.5, 2,
];

/** UTC offsets (minutes) used only to place intake in each market's local day. */
export const INTAKE_UTC_OFFSET: Readonly<Record<string, number>> = {
  IN: 330,
  MY: 480,
  SG: 480,
  US: -300,
  EU: 120,
  PH: 480,
  BR: -180,
};

export const FIRST_NAMES: Readonly<Record<string, readonly string[]>> = {
  IN: [
    'Aarav',
    'Priya',
    'Rohan',
    'Ananya',
    'Vikram',
    'Kavya',
    'Arjun',
    'Meera',
    'Siddharth',
    'Lakshmi',
  ],
  MY: [
    'Ahmad',
    'Siti',
    'Wei Ling',
    'Farid',
    'Nurul',
    'Jun Hao',
    'Aisyah',
    'Kumar',
    'Mei Ying',
    'Hafiz',
  ],
  SG: [
    'Jia Hui',
    'Marcus',
    'Nadia',
    'Ethan',
    'Shu Fen',
    'Ravi',
    'Chloe',
    'Darren',
    'Aishah',
    'Wen Jie',
  ],
  US: ['Emma', 'Liam', 'Olivia', 'Noah', 'Sofia', 'Mason', 'Isabella', 'Lucas', 'Mia', 'Diego'],
  EU: ['Lena', 'Lukas', 'Camille', 'Hugo', 'Inês', 'João', 'Sofía', 'Matteo', 'Anna', 'Jonas'],
  PH: ['Juan', 'Maria', 'Jose', 'Angelica', 'Mark', 'Kristine'],
  BR: ['Gabriel', 'Ana', 'Lucas', 'Beatriz', 'Rafael', 'Larissa'],
};

export const LAST_NAMES: Readonly<Record<string, readonly string[]>> = {
  IN: ['Sharma', 'Iyer', 'Reddy', 'Patel', 'Nair', 'Gupta', 'Krishnan', 'Das'],
  MY: ['bin Abdullah', 'Tan', 'Lim', 'binti Ismail', 'Wong', 'Raj', 'Chong', 'Ibrahim'],
  SG: ['Tan', 'Lee', 'Ng', 'Goh', 'Chua', 'Pillai', 'Koh', 'Teo'],
  US: ['Johnson', 'Garcia', 'Smith', 'Martinez', 'Brown', 'Davis', 'Lopez', 'Wilson'],
  EU: ['Müller', 'Dubois', 'Silva', 'García', 'Rossi', 'Schmidt', 'Martin', 'Costa'],
  PH: ['Santos', 'Reyes', 'Cruz', 'Bautista'],
  BR: ['Souza', 'Oliveira', 'Pereira', 'Almeida'],
};

export const SOURCE_BY_CHANNEL: Readonly<Record<Channel, string>> = {
  IN_APP: 'in-app-feedback',
  WEBFORM: 'help-center-webform',
  EMAIL: 'support-email',
  APPEAL: 'appeals',
  INTERNAL_FORM: 'internal-forms',
};
