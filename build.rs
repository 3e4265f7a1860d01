// The default schema sets and code tables are embedded with include_dir; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=schemas");
    println!("cargo:rerun-if-changed=codes");
}
