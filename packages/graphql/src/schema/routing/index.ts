// Routing administration for ops, one file per sub-domain: rulesets (with shadow runs),
// shadow comparison, simulation, and vendors' certifications and capacity.
import './rulesets.ts';
import './shadow.ts';
import './simulation.ts';
import './vendors.ts';
