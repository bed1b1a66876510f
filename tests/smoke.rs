//! The README's first transcript, end to end against a real server.

mod common;
use common::*;

#[test]
fn create_get_set_delete_round_trip() {
    let r = root("smoke");
    let p = format!("{r}/test");
    assert_eq!(ok(&["create", "-p", &p, "this is test!"]), format!("{p}\n"));
    assert_eq!(ok(&["get", &p]), "this is test!");
    ok(&["set", &p, "hello"]);
    assert_eq!(ok(&["get", &p]), "hello");
    ok(&["deleteall", &r]);
    assert_eq!(run(&["get", &p]).0, 3);
}
