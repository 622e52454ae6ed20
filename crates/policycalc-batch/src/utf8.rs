//! UTF-8 bytes in chunks of any size, checked and handed on as text: the
//! browser's bytes path (`BatchJob.pushBytes`), which spares the page a
//! `TextDecoder` pass and the copy back into WebAssembly of every byte.

/// A character cut by a chunk's end, kept until the next chunk completes it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Utf8Chunks {
    carry: [u8; 4],
    len: usize,
}

/// Not UTF-8 (an invalid sequence, or the input ended inside a character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NotUtf8;

/// The length of the sequence a lead byte starts (0: not a lead byte).
fn sequence_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

impl Utf8Chunks {
    /// Checks `bytes` (after any character kept from the last chunk) and
    /// calls `text` with what is complete, at most twice (the completed
    /// character, then the rest); a character cut at the end is kept.
    pub(crate) fn feed(&mut self, mut bytes: &[u8], text: &mut dyn FnMut(&str)) -> Result<(), NotUtf8> {
        if self.len > 0 {
            let want = self.carry.first().copied().map_or(0, sequence_len);
            let take = want.saturating_sub(self.len).min(bytes.len());
            let (head, rest) = bytes.split_at_checked(take).ok_or(NotUtf8)?;
            for (slot, b) in self.carry.iter_mut().skip(self.len).zip(head) {
                *slot = *b;
            }
            self.len = self.len.saturating_add(take);
            bytes = rest;
            if self.len < want {
                return Ok(());
            }
            let whole = self.carry.get(..self.len).ok_or(NotUtf8)?;
            text(std::str::from_utf8(whole).map_err(|_| NotUtf8)?);
            self.len = 0;
        }
        match std::str::from_utf8(bytes) {
            Ok(all) => text(all),
            // Only a character cut at the end: the rest now, it later.
            Err(e) if e.error_len().is_none() => {
                let (done, cut) = bytes.split_at_checked(e.valid_up_to()).ok_or(NotUtf8)?;
                text(std::str::from_utf8(done).map_err(|_| NotUtf8)?);
                for (slot, b) in self.carry.iter_mut().zip(cut) {
                    *slot = *b;
                }
                self.len = cut.len();
            }
            Err(_) => return Err(NotUtf8),
        }
        Ok(())
    }

    /// The input has ended: an error if it ended inside a character.
    pub(crate) fn finish(&self) -> Result<(), NotUtf8> {
        if self.len == 0 {
            Ok(())
        } else {
            Err(NotUtf8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> Result<String, NotUtf8> {
        let mut d = Utf8Chunks::default();
        let mut out = String::new();
        for c in chunks {
            d.feed(c, &mut |t| out.push_str(t))?;
        }
        d.finish()?;
        Ok(out)
    }

    #[test]
    fn every_cut_of_every_character_width_gives_the_whole_text() {
        let text = "a,é,申请人类型,😀\r\n1,2,３,元\n";
        let bytes = text.as_bytes();
        for i in 0..=bytes.len() {
            for j in i..=bytes.len() {
                let (a, rest) = bytes.split_at(i);
                let (b, c) = rest.split_at(j - i);
                assert_eq!(decode(&[a, b, c]).as_deref(), Ok(text), "cut at {i} and {j}");
            }
        }
        // One byte a chunk.
        let ones: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(decode(&ones).as_deref(), Ok(text));
    }

    #[test]
    fn invalid_or_unfinished_bytes_are_refused() {
        // GBK's 申 (0xC9 0xEA), a lone continuation byte, an overlong form,
        // a surrogate, a lead byte past U+10FFFF, and a character left unfinished.
        for bad in [&[b'a', 0xC9, 0xEA][..], &[0x80], &[0xC0, 0xAF], &[0xED, 0xA0, 0x80], &[0xF5, 0x80, 0x80, 0x80], &[b'a', 0xE7, 0x94]] {
            assert_eq!(decode(&[bad]), Err(NotUtf8), "{bad:?}");
        }
        // Cut inside, then not completed by what follows.
        assert_eq!(decode(&[&[0xE7, 0x94], b"x"]), Err(NotUtf8));
        assert_eq!(decode(&[&[0xE7], &[0x94, 0xB3]]).as_deref(), Ok("申"));
    }
}
