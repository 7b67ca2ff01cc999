//! The arithmetic of a [`Transform::Formula`](super::Transform::Formula): an expression over
//! one input number `x` ("add 1 to {x}" is `x + 1`, "15% of {amount}" is `15 / 100 * x`),
//! parsed once and printed as Python or Rust, or evaluated.

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    /// The input number.
    X,
    Neg(Box<Expr>),
    Sqrt(Box<Expr>),
    Bin(Box<Expr>, char, Box<Expr>),
}

impl Expr {
    /// Parses `+ - * / ^`, parentheses, `sqrt(..)`, numbers and `x`, with the usual
    /// precedence (`^` binds tightest and to the right). `None` for anything else.
    pub fn parse(src: &str) -> Option<Expr> {
        let chars: Vec<char> = src.chars().filter(|c| !c.is_whitespace()).collect();
        let mut p = Parser { c: &chars, i: 0 };
        let e = p.sum()?;
        (p.i == chars.len()).then_some(e)
    }

    /// The value at `x`; `None` when it is not a finite number.
    pub fn eval(&self, x: f64) -> Option<f64> {
        let v = match self {
            Expr::Num(n) => *n,
            Expr::X => x,
            Expr::Neg(e) => -e.eval(x)?,
            Expr::Sqrt(e) => {
                let v = e.eval(x)?;
                if v < 0.0 {
                    return None;
                }
                v.sqrt()
            }
            Expr::Bin(a, op, b) => {
                let (a, b) = (a.eval(x)?, b.eval(x)?);
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    '/' if b == 0.0 => return None,
                    '/' => a / b,
                    _ => a.powf(b),
                }
            }
        };
        v.is_finite().then_some(v)
    }

    /// Python source over a float `x` (`math.sqrt` for roots, `**` for powers).
    pub fn python(&self) -> String {
        match self {
            Expr::Num(n) => num(*n),
            Expr::X => "x".into(),
            Expr::Neg(e) => format!("-({})", e.python()),
            Expr::Sqrt(e) => format!("math.sqrt({})", e.python()),
            Expr::Bin(a, '^', b) => format!("({}) ** ({})", a.python(), b.python()),
            Expr::Bin(a, op, b) => format!("({} {op} {})", a.python(), b.python()),
        }
    }

    /// Rust source over an `f64` `x` (`.sqrt()`, `.powf(..)`).
    pub fn rust(&self) -> String {
        match self {
            Expr::Num(n) => {
                let s = num(*n);
                if s.contains('.') || s.contains('e') {
                    format!("{s}_f64")
                } else {
                    format!("{s}.0_f64")
                }
            }
            Expr::X => "x".into(),
            Expr::Neg(e) => format!("-({})", e.rust()),
            Expr::Sqrt(e) => format!("({}).sqrt()", e.rust()),
            Expr::Bin(a, '^', b) => format!("({}).powf({})", a.rust(), b.rust()),
            Expr::Bin(a, op, b) => format!("({} {op} {})", a.rust(), b.rust()),
        }
    }

    /// Whether the formula uses a square root (Python needs `math`).
    pub fn uses_sqrt(&self) -> bool {
        match self {
            Expr::Sqrt(_) => true,
            Expr::Neg(e) => e.uses_sqrt(),
            Expr::Bin(a, _, b) => a.uses_sqrt() || b.uses_sqrt(),
            _ => false,
        }
    }
}

fn num(n: f64) -> String {
    let s = format!("{n}");
    if s.contains('e') { format!("{n:e}") } else { s }
}

struct Parser<'a> {
    c: &'a [char],
    i: usize,
}

impl Parser<'_> {
    fn eat(&mut self, ch: char) -> bool {
        if self.c.get(self.i) == Some(&ch) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn sum(&mut self) -> Option<Expr> {
        let mut e = self.product()?;
        loop {
            let op = match self.c.get(self.i) {
                Some(&op @ ('+' | '-')) => op,
                _ => return Some(e),
            };
            self.i += 1;
            e = Expr::Bin(Box::new(e), op, Box::new(self.product()?));
        }
    }
    fn product(&mut self) -> Option<Expr> {
        let mut e = self.power()?;
        loop {
            let op = match self.c.get(self.i) {
                Some(&op @ ('*' | '/')) => op,
                _ => return Some(e),
            };
            self.i += 1;
            e = Expr::Bin(Box::new(e), op, Box::new(self.power()?));
        }
    }
    fn power(&mut self) -> Option<Expr> {
        let base = self.unary()?;
        if self.eat('^') {
            return Some(Expr::Bin(Box::new(base), '^', Box::new(self.power()?)));
        }
        Some(base)
    }
    fn unary(&mut self) -> Option<Expr> {
        if self.eat('-') {
            return Some(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }
    fn atom(&mut self) -> Option<Expr> {
        if self.eat('(') {
            let e = self.sum()?;
            return self.eat(')').then_some(e);
        }
        let rest: String = self.c[self.i..].iter().take(5).collect();
        if rest.starts_with("sqrt(") {
            self.i += 5;
            let e = self.sum()?;
            return self.eat(')').then(|| Expr::Sqrt(Box::new(e)));
        }
        if self.eat('x') {
            return Some(Expr::X);
        }
        let start = self.i;
        while self
            .c
            .get(self.i)
            .is_some_and(|c| c.is_ascii_digit() || *c == '.')
        {
            self.i += 1;
        }
        let s: String = self.c[start..self.i].iter().collect();
        s.parse().ok().map(Expr::Num)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_evaluates_and_prints() {
        let e = Expr::parse("15 / 100 * x").unwrap();
        assert_eq!(e.eval(200.0), Some(30.0));
        assert_eq!(e.python(), "((15 / 100) * x)");
        assert_eq!(e.rust(), "((15.0_f64 / 100.0_f64) * x)");
        let p = Expr::parse("x ^ 2 + 1").unwrap();
        assert_eq!(p.eval(3.0), Some(10.0));
        assert_eq!(p.rust(), "((x).powf(2.0_f64) + 1.0_f64)");
        let r = Expr::parse("sqrt(x)").unwrap();
        assert!(r.uses_sqrt());
        assert_eq!(r.eval(-1.0), None);
        assert_eq!(Expr::parse("2 ^ 3 ^ 2").unwrap().eval(0.0), Some(512.0));
        assert_eq!(Expr::parse("x / 0").unwrap().eval(1.0), None);
        assert_eq!(Expr::parse("y + 1"), None);
        assert_eq!(Expr::parse("x +"), None);
    }
}
