#pragma once
// Registers the render stream with the trainer (trainer/render_plugin.h): data.source stream | mix, the
// `data.stream` and report `dataset` config sections, and rendering a report's dataset. Call once at start-up,
// before any trainer config is built.

namespace synhead::stream {

void install();

}  // namespace synhead::stream
