//! Core values and errors to Python objects.

use fastcognito_core::{Error, ErrorKind, Value};
use pyo3::create_exception;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

create_exception!(
    _core,
    CoreError,
    pyo3::exceptions::PyException,
    "A core error on its way from an awaited call: args are (kind, code, message, operation, http_status, request_id)."
);

/// A core [`Value`] on its way to Python.
pub struct PyValue(pub Value);

impl<'py> IntoPyObject<'py> for PyValue {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        value_to_py(py, self.0)
    }
}

pub fn value_to_py(py: Python<'_>, value: Value) -> PyResult<Bound<'_, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::Float(f) => f.into_pyobject(py)?.into_any(),
        Value::Str(s) => s.into_pyobject(py)?.into_any(),
        Value::Time(secs) => utc_datetime(py, secs)?,
        Value::List(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Map(entries) => {
            let dict = PyDict::new(py);
            for (k, v) in entries {
                dict.set_item(k, value_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

static FROM_TIMESTAMP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// An aware `datetime` in UTC (botocore returns aware datetimes too).
fn utc_datetime(py: Python<'_>, secs: f64) -> PyResult<Bound<'_, PyAny>> {
    let from_ts = FROM_TIMESTAMP.import(py, "datetime", "datetime")?;
    let from_ts = from_ts.getattr("fromtimestamp")?;
    let utc = UTC.import(py, "datetime", "timezone")?.getattr("utc")?;
    from_ts.call1((secs, utc))
}

static FROM_CORE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Builds the matching `fastcognito.exceptions` instance for a core error.
pub fn to_pyerr(py: Python<'_>, e: Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let factory = FROM_CORE.import(py, "fastcognito.exceptions", "_from_core")?;
        let exc = factory.call1((
            e.kind.as_str(),
            &e.code,
            &e.message,
            &e.operation,
            e.http_status,
            &e.request_id,
        ))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|err| err)
}

/// The error a caught Rust panic becomes.
pub fn panic_error(payload: &(dyn std::any::Any + Send)) -> Error {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    Error::new(
        ErrorKind::Internal,
        "InternalError",
        format!("fastcognito bug (Rust panic): {text}"),
        "",
    )
}
