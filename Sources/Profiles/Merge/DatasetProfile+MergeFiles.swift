extension DatasetProfile {
    /// The merge of the profile files of `inputs`: files, and directories searched recursively for
    /// `.bin` and `.bin.gz` files, read a small batch at a time (see ``ProfileMerger``).
    ///
    /// - Parameter inputs: file and directory paths.
    /// - Throws: ``ProfileMergeError`` naming the missing input or the first invalid file.
    /// - Complexity: O(total size of the files); memory O(one batch of files + the result).
    public init(merging inputs: [String]) throws(ProfileMergeError) {
        let result = try ProfileMerger().merge(inputs: inputs)
        self = result.groups[0].profile
    }
}
