mod differential;
mod text;
mod unit;
