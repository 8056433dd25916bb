#pragma once
// The generic 3D face the sim-to-real peer fits to dlib's 68 landmarks with cv::solvePnP: 12 points that move little
// with expression (eye corners, nose, mouth corners, chin; not the brows or the lips), in millimetres, in synhead's
// head-frame axes (docs/conventions.md): x toward image right when the face looks at the camera, y down, the face
// front toward −z. With synhead's axes the rotation PnP returns is synhead's R as it stands; only the origin (the
// top of the nose bridge, iBUG point 27, not the head centre) differs, which changes t but not R.
//
// The numbers are an average adult face written for this tool from anthropometric norms, not taken from any model:
//  - widths (Farkas, "Anthropometry of the Head and Face", 2nd ed., 1994; Farkas, Katic & Forrest, J Craniofac Surg
//    16(4), 2005): outer eye corners ex–ex ≈ 88–91 mm → ±45; inner corners en–en ≈ 31–33 mm → ±16 (White adults
//    31.4 ± 2.5 mm pooled over 67 studies, PMC9029890); mouth corners ch–ch ≈ 50–54 mm → ±26; dlib's nostril points
//    31/35 lie inside the alae (al–al ≈ 32–35 mm) → ±13.
//  - heights, down from point 27 (a little below the nasion; dlib puts it level with the eye corners): nose height
//    n–sn ≈ 50–55 mm → subnasale (33) at 48; upper lip sn–sto ≈ 20–22 mm, the commissures ~2 mm above stomion →
//    mouth corners at 66; face height n–gn ≈ 113–121 mm → chin (8) at 114.
//  - depths, the least certain part (±5 mm at best): the nasal root stands roughly 10 mm in front of the corneal
//    plane and the outer eye corner sits about as far behind the corneal apex (near the lateral orbital rim, which
//    Hertel exophthalmometry puts 15–18 mm behind it), so ex lies ~20 mm behind point 27 and the inner corner
//    ~8 mm; a nasal dorsum of ≈ 43 mm at ~31° to the facial plane puts the tip (30) 36 mm down and 22 mm forward;
//    nasal tip protrusion sn–prn ≈ 19–21 mm puts the subnasale 6 mm forward; the commissures sit on the dental arch
//    ~15 mm behind the lip midline, 8 mm behind point 27; the soft-tissue chin lies near the vertical through the
//    nasion (a straight profile), its lowest point a few mm behind: +6.
// R = I is thus the face plane upright (nasion over chin). A person's head carriage or other proportions shift the
// peer's angles by a constant, which the comparison removes (offset-free MAE, correlation); depths that differ
// change the peer's gain. The built-in synhead heads are shallower (the MakeHuman mesh's nose tip stands 30 mm in
// front of its outer eye corners, this model's 42): on them the peer's pitch is 0.7–0.8× the truth, yaw and roll
// within a few degrees (tests/sim2real/peer_render_test.cpp).

#include <array>

namespace synhead::sim2real {

struct ModelPoint {
  int landmark;          // iBUG-68 index (0-based) of dlib's shape predictor
  double x, y, z;        // mm, head-frame axes, origin at landmark 27
};

inline constexpr std::array<ModelPoint, 12> kGenericFace{{
    {27, 0, 0, 0},        // top of the nose bridge
    {30, 0, 36, -22},     // nose tip (pronasale)
    {31, -13, 44, 0},     // nostril, image-left
    {33, 0, 48, -6},      // subnasale
    {35, 13, 44, 0},      // nostril, image-right
    {36, -45, 2, 20},     // outer eye corner, image-left (the subject's right eye)
    {39, -16, 2, 8},      // inner eye corner, image-left
    {42, 16, 2, 8},       // inner eye corner, image-right
    {45, 45, 2, 20},      // outer eye corner, image-right
    {48, -26, 66, 8},     // mouth corner, image-left
    {54, 26, 66, 8},      // mouth corner, image-right
    {8, 0, 114, 6},       // chin, lowest point seen from the front (gnathion)
}};

}  // namespace synhead::sim2real
