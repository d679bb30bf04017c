/** The headless `loss-lab` command (see README "CLI reference"). */
process.stdout.write('loss-lab: not implemented yet\n');
