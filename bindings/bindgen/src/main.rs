//! The bindgen, built from the workspace so its version always equals the crate's uniffi version.
fn main() {
    uniffi::uniffi_bindgen_main()
}
