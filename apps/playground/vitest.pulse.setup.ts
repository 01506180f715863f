export { setupPulseRig as default } from '@aither/sink-kit/pulse-rig';
