//! A plain, PyO3-free tree of values: what every operation returns.
//!
//! Keys use the AWS wire names (`Username`, `UserAttributes`, ...), so the result of an
//! operation looks like the dict boto3 would have returned; the Python layer shapes it further.

use aws_smithy_types::DateTime;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// A timestamp, as seconds since the Unix epoch (UTC).
    Time(f64),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// An empty map, to be filled with [`Value::with`] and [`Value::with_opt`].
    pub fn map() -> Self {
        Value::Map(Vec::new())
    }

    /// Adds `key: value` to a map (no-op on anything else).
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        if let Value::Map(entries) = &mut self {
            entries.push((key.to_owned(), value.into()));
        }
        self
    }

    /// Adds `key: value` only when the value is present, as botocore omits absent members.
    pub fn with_opt<T: Into<Value>>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }

    /// Looks a key up in a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Int(i64::from(i))
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<&DateTime> for Value {
    fn from(t: &DateTime) -> Self {
        Value::Time(t.as_secs_f64())
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::Str(s),
            serde_json::Value::Array(items) => {
                Value::List(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(obj) => {
                Value::Map(obj.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_opt_skips_absent_members() {
        let v = Value::map()
            .with("A", "x")
            .with_opt::<&str>("B", None)
            .with_opt("C", Some(3));
        assert_eq!(
            v,
            Value::Map(vec![("A".into(), "x".into()), ("C".into(), Value::Int(3))])
        );
        assert_eq!(v.get("C"), Some(&Value::Int(3)));
        assert_eq!(v.get("B"), None);
    }

    #[test]
    fn json_numbers_keep_integers_exact() {
        let v: Value = serde_json::json!({"exp": 1700000000, "x": 1.5, "l": [true, null]}).into();
        assert_eq!(v.get("exp"), Some(&Value::Int(1_700_000_000)));
        assert_eq!(v.get("x"), Some(&Value::Float(1.5)));
        assert_eq!(
            v.get("l"),
            Some(&Value::List(vec![Value::Bool(true), Value::Null]))
        );
    }
}
