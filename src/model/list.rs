//! [`List`]: a list that costs one word when empty.

use std::ops::Deref;

/// A list for the many lists a model node usually lacks (`allOf`, examples, extensions): one
/// word, and no allocation, when empty, where a `Vec` is three words even then. A schema
/// carries a dozen of these, and a spec has thousands of schemas.
#[derive(Clone, PartialEq)]
#[expect(
    clippy::box_collection,
    reason = "a boxed Vec is a thin pointer: one word, where a boxed slice is two"
)]
pub struct List<T>(Option<Box<Vec<T>>>);

impl<T> List<T> {
    pub const fn new() -> List<T> {
        List(None)
    }

    /// The items to change in place; [`List::tidy`] afterwards frees an emptied list.
    pub fn as_vec_mut(&mut self) -> &mut Vec<T> {
        self.0.get_or_insert_with(Default::default)
    }

    /// Frees an empty list and spare capacity, after changes through `as_vec_mut`.
    pub fn tidy(&mut self) {
        match &mut self.0 {
            Some(items) if items.is_empty() => self.0 = None,
            Some(items) => items.shrink_to_fit(),
            None => {}
        }
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List::new()
    }
}

impl<T> Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(mut items: Vec<T>) -> Self {
        if items.is_empty() {
            return List(None);
        }
        items.shrink_to_fit();
        List(Some(Box::new(items)))
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: serde::Serialize> serde::Serialize for List<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for List<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::List;

    #[test]
    fn one_word_and_no_allocation_when_empty() {
        assert_eq!(
            std::mem::size_of::<List<u32>>(),
            std::mem::size_of::<usize>()
        );
        let empty: List<u32> = Vec::new().into();
        assert!(empty.0.is_none());
        assert_eq!(empty, List::new());
    }

    #[test]
    fn changed_in_place_then_tidied() {
        let mut list: List<u32> = [3, 1].into_iter().collect();
        assert_eq!(&*list, [3, 1]);
        list.as_vec_mut().push(2);
        list.tidy();
        assert_eq!(&*list, [3, 1, 2]);
        list.as_vec_mut().clear();
        list.tidy();
        assert!(list.0.is_none());
        assert!(list.is_empty());
    }
}
