package emulator

import (
	"unicode/utf8"

	"github.com/runsuite/runsuite/contract"
)

// paramFailure turns a Validate error into a 400 worded as the live API
// words it (contract.DescribeParamError), from the values in tree.
func paramFailure(err error, tree map[string]any) *apiError {
	param, msg := contract.DescribeParamError(err, tree)
	return badRequest(param, "%s", msg)
}

// checkMetadata applies the metadata bounds of CONTRACT §2.1 to the
// metadata of objects other than runs, as a *contract.ParamError.
func checkMetadata(field string, m map[string]string) error {
	if len(m) > contract.MaxMetadataPairs {
		return &contract.ParamError{Field: field, Msg: "too many pairs"}
	}
	for k, v := range m {
		if utf8.RuneCountInString(k) > contract.MaxMetadataKeyLength || utf8.RuneCountInString(v) > contract.MaxMetadataValueLength {
			return &contract.ParamError{Field: field, Msg: "key or value too long"}
		}
	}
	return nil
}
