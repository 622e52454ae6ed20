fn main() {
    match policycalc::Catalog::embedded() {
        Ok(c) => println!("{} regions", c.regions.len()),
        Err(e) => eprintln!("{e}"),
    }
}
