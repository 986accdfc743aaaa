// Imports every domain's types, then builds the schema. Nothing else lives here.
import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.ts';
import './alerts.ts';
import './audit.ts';
import './case-control.ts';
import './case-work.ts';
import './cases.ts';
import './clients.ts';
import './conversations.ts';
import './intake.ts';
import './offers.ts';
import './operations.ts';
import './quality.ts';
import './routing/index.ts';
import './sandbox.ts';
import './scorecards.ts';
import './tier2.ts';
import './vendor-states.ts';
import './viewer.ts';
import './webhooks.ts';

export const schema = lexicographicSortSchema(builder.toSchema());
