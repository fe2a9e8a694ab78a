// Every generated signature is blittable (pointers, fixed-width integers, blittable structs), so the
// runtime's marshalling is switched off: a non-blittable type would be a compile error, not a hidden copy.
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
