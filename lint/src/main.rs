fn main() {
    std::process::exit(llmlint::cli::main());
}
