// Ink renders only the last frame when CI is set (is-in-ci); tests want every frame, as a person sees them.
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
delete process.env['NO_COLOR'];
delete process.env['FORCE_COLOR'];
